"""How figures look: Rich tables for people, the weekly summary in each format, JSON for programs, the
burn-up and the map in text. Nothing here reads files or does arithmetic on records; each function returns
something for the command line to print or write."""
