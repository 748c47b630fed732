"""jixiao.spec"""
