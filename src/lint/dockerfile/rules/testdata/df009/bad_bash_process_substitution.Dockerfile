FROM debian:12
RUN bash <(curl -s https://example.com/i.sh)
