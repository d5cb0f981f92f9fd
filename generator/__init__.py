"""getchitty: the generator and governance check behind get.chitty.cc."""

__version__ = "0.1.0"
