FROM debian:12
RUN sh -c "$(wget -qO- https://example.com/install.sh)"
