"""The shared deployment: systemd units, the nginx config and the throwaway services its check uses."""
