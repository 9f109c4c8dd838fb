//! Groups articles that report the same real-world event.
