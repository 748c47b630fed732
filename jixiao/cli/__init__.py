"""jixiao.cli"""
