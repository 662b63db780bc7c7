"""Spreadsheets in and out: workbooks, CSV in whatever encoding Windows saved it, and apprentrack's JSON
export read into rows; what the rows mean (import); CSV and xlsx written for people and Excel."""
