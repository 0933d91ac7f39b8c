FROM alpine:3.20
COPY --chmod=666 app /app
