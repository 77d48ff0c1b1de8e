"""Page content: parser, store, passage selection and the knowledge base."""
