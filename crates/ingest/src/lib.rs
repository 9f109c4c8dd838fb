//! Reads articles from plain text, JSON Lines, HTML and stdin into documents; decodes any encoding.
