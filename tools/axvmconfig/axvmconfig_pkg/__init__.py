"""axvmconfig: the AxVisor (C) configuration compiler."""
__version__ = "0.3.0"
