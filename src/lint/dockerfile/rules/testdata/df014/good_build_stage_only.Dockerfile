FROM debian:12 AS build
RUN apt-get update && apt-get install -y gcc=12
FROM scratch
COPY --from=build /out /
