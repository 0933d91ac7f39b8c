FROM alpine:3.20
FROM ghcr.io/acme/base:1
FROM registry.corp.example/app:2
