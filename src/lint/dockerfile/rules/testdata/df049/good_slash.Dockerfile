FROM alpine:3.20
COPY a.txt b.txt /app/
COPY a.txt /app
COPY ["a", "b", "/dir/"]
