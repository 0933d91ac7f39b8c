FROM quay.io/someone/tool:1.0
