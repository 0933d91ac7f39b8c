FROM alpine:3.20
ADD app.conf /etc/app.conf
