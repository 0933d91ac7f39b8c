FROM python:3.12
RUN pip install --no-cache-dir -r requirements.txt && pip install --no-cache-dir 'flask>=3,<4' .
