"""Text from an implementation, made safe to show: on a terminal, in Markdown, in HTML.

Case output (stdout, stderr, messages, observed values) is the implementation's
text. Shown raw it could move the cursor, clear the screen or fake a summary
line on a terminal, or inject markup into summary.md; so every place that shows
it escapes it first.
"""

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text, keep_newlines=False):
    """TEXT with control characters (escape sequences, carriage returns, ...)
    written as \\xNN / \\uNNNN. Tabs stay; newlines stay when KEEP_NEWLINES."""
    text = str(text)

    def sub(m):
        ch = m.group(0)
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    if not keep_newlines:
        text = text.replace("\n", "\\n")
    return _CONTROLS.sub(sub, text)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def markdown(text):
    """TEXT as literal Markdown inline text: controls escaped, markup characters
    backslash-escaped, HTML impossible."""
    text = escape_controls(text)
    text = text.replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", text)
