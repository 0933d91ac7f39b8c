FROM golang:1.22 AS build
FROM build
FROM scratch
FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
