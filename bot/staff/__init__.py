"""Staff accounts (navigators and admins) and the audit log of what they look at."""
