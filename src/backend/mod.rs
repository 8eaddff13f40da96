//! The embedded reference matchmaker and store.
