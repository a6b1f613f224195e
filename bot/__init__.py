"""The conversational core's own code: Rasa components and the `bankbot` command line."""
