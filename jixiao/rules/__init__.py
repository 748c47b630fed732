"""jixiao.rules"""
