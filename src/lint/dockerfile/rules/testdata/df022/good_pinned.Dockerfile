FROM alpine:3.20
RUN apk add --no-cache curl=8.5.0-r0 --repository https://dl-cdn.alpinelinux.org/alpine/edge/main
