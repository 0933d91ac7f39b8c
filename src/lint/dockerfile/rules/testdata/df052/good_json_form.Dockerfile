FROM alpine:3.20
ENTRYPOINT ["node"]
CMD ["server.js"]
