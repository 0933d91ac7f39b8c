FROM alpine:3.20
ENV A=1
ENV A=2 B=$A
ARG V=3
ENV V=$V W=${V}
