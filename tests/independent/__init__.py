"""An independent implementation of the dlproofs API, written from the published contract only."""
