"""The code that runs inside Rasa (the core runtime, .venv-core, Python 3.10): our Rasa components,
the `rasa run` / `rasa train` wrappers and the masking tracker store. Nothing here is imported by
our 3.11 code; the command line and the stack supervisor are `bankbot_cli/`."""
