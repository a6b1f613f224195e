"""`bankbot`: set up, train, seed and run the stack (runs in the app runtime, .venv)."""
