"""jixiao.template"""
