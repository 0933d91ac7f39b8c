FROM node:20
RUN npm install -g express@4.19.2 @scope/pkg@1.0.0 && npm install
