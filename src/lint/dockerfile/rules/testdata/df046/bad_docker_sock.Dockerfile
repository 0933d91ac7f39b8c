FROM docker:27
RUN --mount=type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock docker ps
