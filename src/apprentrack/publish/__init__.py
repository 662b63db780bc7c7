"""Where the weekly summary goes beyond a file: the chat services (their payloads, and posting to a webhook
with the standard library) and the site of every week, as it stood at its end."""
