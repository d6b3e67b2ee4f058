"""Access control: users and roles (argon2 passwords), permission checks, and the hash-chained audit log."""
