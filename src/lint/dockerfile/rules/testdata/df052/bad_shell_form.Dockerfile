FROM alpine:3.20
CMD node server.js
