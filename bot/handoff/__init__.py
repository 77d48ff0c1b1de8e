"""Care navigation: a patient's request to be contacted by a person, kept for staff."""
