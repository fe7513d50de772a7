"""Code the BentoML service calls: batching, request and response schemas, upload handling."""
