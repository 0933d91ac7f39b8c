FROM alpine:3.20
COPY app/ /app/
COPY --from=build /certs/server.pem /etc/ssl/
