"""Command-line interface: thin Typer commands that parse arguments, call a service and render the result."""
