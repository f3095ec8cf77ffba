"""Open311 GeoReport v2 over the letters (12345 hotline systems and other clients push letters and read them back):
services, service definitions, POST/GET requests in JSON and XML, one API key per client system."""
