FROM opensuse/leap:15
RUN zypper -n install 'httpd>=2.4'
