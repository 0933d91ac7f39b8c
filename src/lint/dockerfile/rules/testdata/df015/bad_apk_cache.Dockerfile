FROM alpine:3.20
RUN apk add curl=8.5.0-r0
