"""Service functions: each takes a unit of work and the acting customer's id."""
