//! Fuses a group of articles into one incident with sourced, reconciled facts; builds actor records.
