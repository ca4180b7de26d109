"""mcda"""
