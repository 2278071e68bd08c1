"""jobclients generator: OpenAPI documents in, a typed client package out.

Data flows one way: load -> validate -> build -> render -> emit.
"""
