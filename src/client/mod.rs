//! HTTP clients for the matchmaker and the store.
