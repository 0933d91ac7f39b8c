FROM debian:12
RUN curl -fsSLo i.sh https://example.com/i.sh && echo 'abc  i.sh' | sha256sum -c && sh i.sh
