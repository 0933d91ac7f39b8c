FROM alpine:3.20
RUN apk add --no-cache curl=8.5.0-r0
