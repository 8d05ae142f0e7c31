"""The demo records of each feature app: ``<module>.<step>`` steps of demo/content/*.yaml."""
