//! JSON (with its schema), text and Markdown views of incidents and actors.
