"""Domain exceptions of the harness."""


class ConfigError(Exception):
    """Bad usage or configuration: the CLI prints it on one line and exits 2."""


class MetadataError(ConfigError):
    """Malformed case metadata, located at a file and line."""

    def __init__(self, path, line, message):
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")
