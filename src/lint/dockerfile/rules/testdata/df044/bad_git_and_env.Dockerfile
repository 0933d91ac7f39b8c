FROM alpine:3.20
COPY .git /src/.git
ADD .env /app/
