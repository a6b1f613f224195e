"""The supervisor console, a Starlette app the gateway mounts at `/console`."""

from contact_centre.console.app import ConsoleDeps, create_console_app

__all__ = ["ConsoleDeps", "create_console_app"]
